import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

type CardProps = HTMLAttributes<HTMLElement> & {
  /** Heading shown in the card's header. */
  title?: ReactNode;
  /** Controls at the right of the header. */
  actions?: ReactNode;
  /** Drop the inner padding (tables that run edge to edge). */
  flush?: boolean;
  as?: "section" | "div" | "article" | "li";
};

/** A white panel with a hairline border; the unit every page is built from. */
export function Card({ title, actions, flush, as: Tag = "section", className, children, ...props }: CardProps) {
  return (
    <Tag className={cn("rounded-lg border border-slate-200 bg-white shadow-sm", className)} {...props}>
      {(title || actions) && (
        <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-4 py-3 sm:px-5">
          {title && <h2 className="text-base font-semibold text-slate-900">{title}</h2>}
          {actions && <div className="flex items-center gap-2">{actions}</div>}
        </div>
      )}
      <div className={flush ? undefined : "p-4 sm:p-5"}>{children}</div>
    </Tag>
  );
}
