"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/** A top-bar link, marked current (aria-current and colour) anywhere inside its area. */
export function MainNavLink({ href, children }: { href: string; children: ReactNode }) {
  const pathname = usePathname();
  // Null outside the App Router (a component rendered on its own).
  const current = pathname !== null && (pathname === href || pathname.startsWith(`${href}/`));
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      // `.nav-link` in app/globals.css: marked by aria-current.
      className="nav-link"
    >
      {children}
    </Link>
  );
}
