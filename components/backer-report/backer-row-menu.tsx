"use client";

import Link from "next/link";
import { DropdownMenu } from "radix-ui";

const itemClasses =
  "flex cursor-default items-center justify-between gap-4 rounded-md px-2.5 py-2 text-sm text-slate-700 outline-none select-none " +
  "data-[highlighted]:bg-indigo-50 data-[highlighted]:text-indigo-900 data-[disabled]:text-slate-400";

/** A menu entry: a link when its page exists, otherwise a disabled entry that says so. */
function MenuEntry({ label, href }: { label: string; href?: string | null }) {
  if (!href) {
    return (
      <DropdownMenu.Item disabled className={itemClasses}>
        {label}
        <span className="text-xs">Coming soon</span>
      </DropdownMenu.Item>
    );
  }
  return (
    <DropdownMenu.Item asChild className={itemClasses}>
      <Link href={href}>{label}</Link>
    </DropdownMenu.Item>
  );
}

export type BackerRowMenuProps = {
  /** Names the backer in the trigger's accessible label ("Actions for Ada Lovelace"). */
  backerLabel: string;
  addTrackingNumberHref?: string | null;
  sendDigitalRewardHref?: string | null;
  pledgeSummaryHref?: string | null;
};

/** The "⋯" menu of one backer row: the single-backer actions. */
export function BackerRowMenu({ backerLabel, addTrackingNumberHref, sendDigitalRewardHref, pledgeSummaryHref }: BackerRowMenuProps) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger
        aria-label={`Actions for ${backerLabel}`}
        className="inline-flex size-8 items-center justify-center rounded-lg text-lg leading-none text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 data-[state=open]:bg-slate-100"
      >
        <span aria-hidden="true">⋯</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={4}
          className="z-50 min-w-56 rounded-lg bg-white p-1 shadow-lg ring-1 ring-slate-900/10"
        >
          <MenuEntry label="Add tracking number" href={addTrackingNumberHref} />
          <MenuEntry label="Send digital reward" href={sendDigitalRewardHref} />
          <DropdownMenu.Separator className="my-1 h-px bg-slate-100" />
          <MenuEntry label="View pledge summary" href={pledgeSummaryHref} />
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
