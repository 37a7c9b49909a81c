/**
 * The digital rewards (codes or links, with instructions) of a pledge on its Backing details tab.
 * Filled in by the digital-rewards work; renders nothing until then.
 */
export async function DigitalRewardsSection(_props: { pledgeId: string; viewer: "backer" | "member" }) {
  return null;
}
