/**
 * The packages of a pledge on its Backing details tab. Filled in by the tracking-numbers work;
 * renders nothing until then. `viewer` "member" also sees superseded numbers (the history).
 */
export async function ShipmentsSection(_props: { pledgeId: string; viewer: "backer" | "member" }) {
  return null;
}
