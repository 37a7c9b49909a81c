"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/** A top-bar link, marked current (aria-current and colour) anywhere inside its area. */
export function MainNavLink({ href, children }: { href: string; children: ReactNode }) {
  const pathname = usePathname();
  // Null outside the App Router (a component rendered on its own).
  const current = pathname !== null && (pathname === href || pathname.startsWith(`${href}/`));
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className={cn(
        "rounded-lg px-2.5 py-1.5 text-sm font-medium",
        current ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900",
      )}
    >
      {children}
    </Link>
  );
}
