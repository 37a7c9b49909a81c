import type { PlannedPackage } from "./match-tracking-rows";

const listed = (packages: readonly Pick<PlannedPackage, "trackingNumber" | "carrier">[]) =>
  packages.map((pkg) => (pkg.carrier ? `${pkg.trackingNumber} (${pkg.carrier})` : pkg.trackingNumber)).join(", ");

/**
 * The shipping email's sentence about the reward's other packages ("" for a reward in one package).
 * A package added beside ones the backer already has is numbered after them ("package 2 of 2"), so
 * the second email does not read as a repeat of the first; packages sent together are listed.
 */
export function describeOtherPackages(
  keptPackages: number,
  others: readonly Pick<PlannedPackage, "trackingNumber" | "carrier">[],
): string {
  const total = keptPackages + 1 + others.length;
  if (total === 1) return "";
  if (keptPackages === 0) {
    return `Your reward ships in ${total} packages. The others: ${listed(others)}. All of them are on your pledge summary.`;
  }
  const earlier =
    keptPackages === 1
      ? "Package 1 was sent earlier"
      : `Packages 1 ${keptPackages === 2 ? "and" : "to"} ${keptPackages} were sent earlier`;
  const sentNow =
    others.length === 0
      ? `This is package ${total} of ${total} of your reward.`
      : `This is package ${keptPackages + 1} of ${total} of your reward; also on its way: ${listed(others)}.`;
  return `${sentNow} ${earlier}; all of them are on your pledge summary.`;
}
