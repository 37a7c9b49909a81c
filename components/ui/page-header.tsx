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
    // Looks in app/globals.css (`.page-*`): this header is on every page, and in its loading state.
    <div className="page-header">
      <div className="min-w-0">
        {eyebrow && <p className="page-eyebrow">{eyebrow}</p>}
        <h1 className="page-title">{title}</h1>
        {description && <p className="page-description">{description}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}
