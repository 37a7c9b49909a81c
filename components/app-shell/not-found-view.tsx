"use client";

import { LinkButton } from "@/components/ui/link-button";

/**
 * The "Page not found" page. A client component: Next puts the root not-found page into the payload
 * of every page (for a later navigation that ends in a 404), where a reference to this component is
 * a few bytes and its rendered tree was most of a kilobyte.
 */
export function NotFoundView() {
  return (
    <div className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-2 text-2xl font-bold tracking-tight text-slate-900">Page not found</h1>
      <p className="mt-3 text-sm text-slate-600">
        This page does not exist, or it belongs to a project or pledge your account cannot see. If someone sent you this
        link, check that you are signed in with the email address they invited.
      </p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <LinkButton href="/projects">Your projects</LinkButton>
        <LinkButton href="/pledges" variant="secondary">
          Your pledges
        </LinkButton>
      </div>
    </div>
  );
}
