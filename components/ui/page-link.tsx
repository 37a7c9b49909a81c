import Link from "next/link";
import { buttonClasses } from "./button-classes";

/**
 * A previous/next link of a paged list; shown disabled (not removed) when there is no such page,
 * so the buttons keep their place and keyboard users hear why.
 */
export function PageLink({ href, label, rel }: { href: string | null; label: string; rel: "prev" | "next" }) {
  if (!href) {
    return (
      <span aria-disabled="true" className={buttonClasses("secondary", "sm", "cursor-not-allowed opacity-50")}>
        {label}
      </span>
    );
  }
  return (
    <Link href={href} rel={rel} className={buttonClasses("secondary", "sm")}>
      {label}
    </Link>
  );
}
