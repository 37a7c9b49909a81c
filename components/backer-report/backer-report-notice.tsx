/** Lists what was ignored in the URL (a stale or hand-edited link), so the view is never silently different. */
export function BackerReportUrlNotice({ issues }: { issues: string[] }) {
  if (issues.length === 0) return null;
  return (
    <div role="status" className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-600/20">
      <p className="font-medium">Parts of this link were ignored:</p>
      <ul className="mt-1 list-disc pl-5">
        {issues.map((issue) => (
          <li key={issue}>{issue}</li>
        ))}
      </ul>
    </div>
  );
}
