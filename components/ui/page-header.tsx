import type { ReactNode } from "react";

type PageHeaderProps = {
  title: ReactNode;
  /** One or two sentences under the title. */
  description?: ReactNode;
  /** Small text above the title (e.g. the project name). */
  eyebrow?: ReactNode;
  /** Buttons at the right (below the title on narrow screens). */
  actions?: ReactNode;
};

/** The page's h1 with its description and main actions. One per page. */
export function PageHeader({ title, description, eyebrow, actions }: PageHeaderProps) {
  return (
    <div className="mb-6 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
      <div className="min-w-0">
        {eyebrow && <p className="mb-1 text-sm font-medium text-indigo-600">{eyebrow}</p>}
        <h1 className="text-2xl font-bold tracking-tight text-balance text-slate-900">{title}</h1>
        {description && <p className="mt-1 max-w-2xl text-sm text-slate-600">{description}</p>}
      </div>
      {actions && <div className="flex shrink-0 flex-wrap gap-2">{actions}</div>}
    </div>
  );
}
