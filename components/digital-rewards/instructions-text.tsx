import { linkInstructions } from "@/lib/digital-rewards/link-instructions";
import { cn } from "@/components/ui/cn";

/**
 * A creator's instructions as paragraphs with clickable http(s) links. The text is rendered as
 * text (React escapes it) and only addresses that start with http:// or https:// become links.
 */
export function InstructionsText({ text, className }: { text: string | null; className?: string }) {
  const paragraphs = linkInstructions(text ?? "");
  if (paragraphs.length === 0) return null;
  return (
    <div className={cn("space-y-2 text-sm text-slate-700", className)}>
      {paragraphs.map((paragraph, p) => (
        <p key={p} className="break-words">
          {paragraph.map((line, l) => (
            <span key={l}>
              {l > 0 && <br />}
              {line.map((segment, s) =>
                segment.href ? (
                  <a
                    key={s}
                    href={segment.href}
                    target="_blank"
                    rel="noopener noreferrer nofollow"
                    className="font-medium break-all text-indigo-700 underline underline-offset-2 hover:text-indigo-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                  >
                    {segment.text}
                  </a>
                ) : (
                  <span key={s}>{segment.text}</span>
                ),
              )}
            </span>
          ))}
        </p>
      ))}
    </div>
  );
}
