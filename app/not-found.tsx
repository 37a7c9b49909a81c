import type { Metadata } from "next";
import { LinkButton } from "@/components/ui/link-button";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-2 text-2xl font-bold tracking-tight text-slate-900">Page not found</h1>
      <p className="mt-3 text-sm text-slate-600">
        This page does not exist, or it belongs to a project or pledge your account cannot see. If someone sent you this
        link, check that you are signed in with the email address they invited.
      </p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <LinkButton href="/projects">Your projects</LinkButton>
        <LinkButton href="/pledges" variant="secondary">
          Your pledges
        </LinkButton>
      </div>
    </div>
  );
}
