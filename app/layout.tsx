import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { TopBar } from "@/components/app-shell/top-bar";
import { REQUESTED_PATH_HEADER } from "@/lib/auth/choose-return-path";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { userHasProjectsOnPage } from "@/lib/projects/user-has-projects";
import { signOut } from "./sign-out/actions";
import "./globals.css";

export const metadata: Metadata = {
  title: { template: "%s · Pledgehouse", default: "Pledgehouse" },
  description: "The open-source pledge manager for crowdfunding creators.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#4f46e5" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  const showProjects = user !== null && (await userHasProjectsOnPage(user.id, (await headers()).get(REQUESTED_PATH_HEADER)));
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col">
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        {/* Only the address: the rest of the user would travel to the browser with every page. */}
        <TopBar user={user && { email: user.email }} showProjects={showProjects} signOutAction={signOut} />
        <main id="main" tabIndex={-1} className="main">
          {children}
        </main>
        <footer className="border-t border-slate-200 py-4 text-center text-xs text-slate-500">
          Pledgehouse · open-source pledge manager
        </footer>
      </body>
    </html>
  );
}
