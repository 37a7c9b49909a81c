import { isHttpUrl } from "@/lib/digital-rewards/validate-access-value";
import { CopyButton } from "./copy-button";

/**
 * A code (monospace) or an http(s) link, with a copy button labelled the same way everywhere:
 * "Copy code" or "Copy link". A code never breaks across lines (a code split in two is misread);
 * one longer than the line scrolls sideways in its box.
 */
export function AccessValue({ value }: { value: string }) {
  const link = isHttpUrl(value);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <div className="min-w-0 flex-1 rounded-lg bg-indigo-50 px-3 py-2 ring-1 ring-indigo-200 ring-inset">
        {link ? (
          <a
            href={value}
            target="_blank"
            rel="noopener noreferrer nofollow"
            className="font-medium break-all text-indigo-800 underline underline-offset-2 hover:text-indigo-950 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          >
            {value}
          </a>
        ) : (
          <code className="block overflow-x-auto font-mono text-base font-semibold whitespace-nowrap text-indigo-950">
            {value}
          </code>
        )}
      </div>
      <CopyButton value={value} label={link ? "Copy link" : "Copy code"} />
    </div>
  );
}
