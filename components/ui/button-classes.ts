import { cn } from "./cn";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";
export type ButtonSize = "sm" | "md";

/**
 * The classes of a button, shared by `Button` and `LinkButton` so links and buttons look alike.
 * Labels may wrap (never wider than their container): a long label such as "Generate segments of
 * incentives offered" would otherwise push a 375 px page sideways.
 */
export function buttonClasses(variant: ButtonVariant = "primary", size: ButtonSize = "md", className?: string): string {
  // The looks are `.btn-*` classes in app/globals.css; the focus ring is the global one.
  return cn("btn", `btn-${variant}`, `btn-${size}`, className);
}
