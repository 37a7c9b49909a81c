import { formatByteSize } from "@/lib/csv/file-problem";

/** "The upload is 101.0 MB; the limit is 100.0 MB." — or, for a body that declared no size, how it compares. */
export function describeOversizedUpload(declared: number | null, limit: number): string {
  return declared === null
    ? `The upload is larger than the limit of ${formatByteSize(limit)}.`
    : `The upload is ${formatByteSize(declared)}; the limit is ${formatByteSize(limit)}.`;
}
