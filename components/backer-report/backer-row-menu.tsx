"use client";

import Link from "next/link";
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { createPortal } from "react-dom";

export type BackerRowMenuTarget = {
  /** The "⋯" button that opened the menu; focus returns to it. */
  trigger: HTMLElement;
  backerLabel: string;
  addTrackingNumberHref: string | null;
  sendDigitalRewardHref: string | null;
  pledgeSummaryHref: string | null;
};

export const BACKER_ROW_MENU_ID = "backer-row-menu";

const item =
  "flex items-center justify-between gap-4 rounded-md px-2.5 py-2 text-sm text-slate-700 outline-none hover:bg-indigo-50 focus:bg-indigo-50 focus:text-indigo-900";

function Entry({ label, href, onPick }: { label: string; href: string | null; onPick: () => void }) {
  if (!href) {
    return (
      <span role="menuitem" aria-disabled="true" tabIndex={-1} className={`${item} text-slate-400 hover:bg-transparent`}>
        {label}
        <span className="text-xs">No pledge</span>
      </span>
    );
  }
  return (
    <Link role="menuitem" tabIndex={-1} href={href} className={item} onClick={onPick}>
      {label}
    </Link>
  );
}

/**
 * The row menu of the whole table: one menu, opened beside whichever row's "⋯" button was
 * pressed, instead of a menu component per row (fifty of them were most of the page's weight).
 * It behaves like a menu button's menu: focus moves into it, arrow keys move between entries,
 * Escape or Tab closes it and focus returns to the button, a click elsewhere closes it.
 */
export function BackerRowMenu({ target, onClose }: { target: BackerRowMenuTarget | null; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState<{ top: number; right: number } | null>(null);

  useLayoutEffect(() => {
    if (!target) return;
    const place = () => {
      const box = target.trigger.getBoundingClientRect();
      const menuHeight = ref.current?.offsetHeight ?? 0;
      const below = box.bottom + 4;
      // Opens upwards when there is no room below (the last rows, above the selection bar).
      const top = below + menuHeight > window.innerHeight - 8 ? Math.max(8, box.top - 4 - menuHeight) : below;
      setPosition({ top: top + window.scrollY, right: Math.max(8, document.documentElement.clientWidth - box.right) });
    };
    place();
    window.addEventListener("resize", place);
    return () => window.removeEventListener("resize", place);
  }, [target]);

  // Focus moves into the menu once it is placed (a hidden element cannot take focus), once per opening.
  const placed = position !== null;
  useEffect(() => {
    if (target && placed) ref.current?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled])')?.focus();
  }, [target, placed]);

  useEffect(() => {
    if (!target) return;
    const onPointerDown = (event: PointerEvent) => {
      const node = event.target as Node;
      if (!ref.current?.contains(node) && !target.trigger.contains(node)) onClose();
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [target, onClose]);

  if (!target) return null;

  const closeAndReturn = () => {
    onClose();
    target.trigger.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const entries = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled])') ?? [])];
    const at = entries.indexOf(document.activeElement as HTMLElement);
    const move = (index: number) => entries[(index + entries.length) % entries.length]?.focus();
    if (event.key === "ArrowDown") move(at + 1);
    else if (event.key === "ArrowUp") move(at - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(entries.length - 1);
    else if (event.key === "Escape" || event.key === "Tab") closeAndReturn();
    else return;
    event.preventDefault();
  };

  // In the body, so no scrolling or clipping box of the table moves or cuts it.
  return createPortal(
    <div
      ref={ref}
      id={BACKER_ROW_MENU_ID}
      role="menu"
      aria-label={`Actions for ${target.backerLabel}`}
      onKeyDown={onKeyDown}
      style={position ? { top: position.top, right: position.right } : { visibility: "hidden" }}
      className="absolute z-50 min-w-56 rounded-lg bg-white p-1 shadow-lg ring-1 ring-slate-900/10"
    >
      <Entry label="Add tracking number" href={target.addTrackingNumberHref} onPick={onClose} />
      <Entry label="Send digital reward" href={target.sendDigitalRewardHref} onPick={onClose} />
      <div role="separator" className="my-1 h-px bg-slate-100" />
      <Entry label="View pledge summary" href={target.pledgeSummaryHref} onPick={onClose} />
    </div>,
    document.body,
  );
}
