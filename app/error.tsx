"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-lg py-12">
      <Alert tone="error" title="Something went wrong on our side">
        <p>This is not something you did. Try again; if it keeps happening, report the error code below.</p>
        {error.digest && <p className="mt-2 font-mono text-xs">Error code: {error.digest}</p>}
      </Alert>
      <div className="mt-6">
        <Button onClick={reset}>Try again</Button>
      </div>
    </div>
  );
}
