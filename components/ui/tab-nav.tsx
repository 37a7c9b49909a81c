"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "./cn";

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
                className={cn(
                  "-mb-px inline-block border-b-2 px-2 py-2.5 text-sm font-medium whitespace-nowrap sm:px-3",
                  current
                    ? "border-indigo-600 text-indigo-700"
                    : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900",
                )}
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
