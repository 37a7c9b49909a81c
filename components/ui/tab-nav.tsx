"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export type TabNavItem = {
  href: string;
  label: string;
  /** Also current on deeper paths (`/backers/123` for `/backers`); default true. */
  matchPrefix?: boolean;
};

/**
 * A row of links between the pages of one thing (a project, a pledge); the current page is marked
 * with aria-current. Wraps on narrow screens so every section stays visible.
 */
export function TabNav({
  items,
  label,
  base = "",
}: {
  items: TabNavItem[];
  label: string;
  /**
   * Put before every item's href: the tabs of one thing share its path, which then travels to the
   * browser once instead of once per tab.
   */
  base?: string;
}) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="border-b border-slate-200">
      <ul className="flex flex-wrap gap-x-1">
        {items.map((item) => {
          const href = base + item.href;
          const current = pathname === href || ((item.matchPrefix ?? true) && pathname.startsWith(`${href}/`));
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={current ? "page" : undefined}
                // `.tab` in app/globals.css: marked by aria-current.
                className="tab"
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
