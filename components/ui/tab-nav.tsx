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
export function TabNav({ items, label }: { items: TabNavItem[]; label: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="border-b border-slate-200">
      <ul className="flex flex-wrap gap-x-1">
        {items.map((item) => {
          const current =
            pathname === item.href || ((item.matchPrefix ?? true) && pathname.startsWith(`${item.href}/`));
          return (
            <li key={item.href}>
              <Link
                href={item.href}
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
