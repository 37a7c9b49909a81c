"use client";

import Link from "next/link";
import { buttonClasses } from "@/components/ui/button-classes";
import { MainNavLink } from "./main-nav-link";

type TopBarProps = {
  /** The signed-in user, or null. */
  user: { email: string } | null;
  /** Whether to offer the Projects area: only to members of a project, not to backers who run none. */
  showProjects: boolean;
  /** The sign-out server action (the shell never imports actions itself). */
  signOutAction: () => Promise<void>;
};

/**
 * The bar at the top of every page: the product name, the main areas, and who is signed in. A client
 * component although it has no state: every page's payload then names it with its three props
 * rather than carrying its whole tree (both bars, the logo's drawing) besides the markup.
 */
export function TopBar({ user, showProjects, signOutAction }: TopBarProps) {
  return (
    // Looks in app/globals.css (`.top-bar*`, `.logo*`): the bar is on every page.
    <header className="top-bar">
      <div className="top-bar-row">
        <div className="flex min-w-0 items-center gap-6">
          <Link href="/" className="logo">
            <LogoMark />
            <span>Pledgehouse</span>
          </Link>
          {user && (
            <nav aria-label="Main" className="hidden items-center gap-1 sm:flex">
              {showProjects && <MainNavLink href="/projects">Projects</MainNavLink>}
              <MainNavLink href="/pledges">Your pledges</MainNavLink>
            </nav>
          )}
        </div>
        {user ? (
          <div className="flex min-w-0 items-center gap-2">
            <span className="hidden truncate text-sm text-slate-600 md:inline" title={user.email}>
              {user.email}
            </span>
            <form action={signOutAction}>
              <button type="submit" className={buttonClasses("secondary", "sm")}>
                Sign out
              </button>
            </form>
          </div>
        ) : (
          <Link href="/sign-in" className={buttonClasses("primary", "sm")}>
            Sign in
          </Link>
        )}
      </div>
      {user && (
        <div className="top-bar-phone">
          <nav aria-label="Main (small screens)" className="flex shrink-0 gap-1 whitespace-nowrap">
            {showProjects && <MainNavLink href="/projects">Projects</MainNavLink>}
            <MainNavLink href="/pledges">Your pledges</MainNavLink>
          </nav>
          {/* The links never wrap; a long address gives way instead, whole in its tooltip. */}
          <p className="ml-auto min-w-0 truncate text-xs text-slate-500" title={user.email}>
            <span className="sr-only">Signed in as </span>
            {user.email}
          </p>
        </div>
      )}
    </header>
  );
}

function LogoMark() {
  return (
    <span className="logo-mark" aria-hidden="true">
      <svg
        viewBox="0 0 24 24"
        className="size-4"
        fill="none"
        stroke="currentColor"
        strokeWidth={2.25}
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d="M4 11 12 4l8 7v8a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1Z" />
        <path d="m9 14 2 2 4-4" />
      </svg>
    </span>
  );
}
