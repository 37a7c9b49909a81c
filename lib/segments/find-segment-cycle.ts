/** Which segments each segment refers to: segment id → ids it depends on. */
export type SegmentDependencyGraph = ReadonlyMap<string, readonly string[]>;

/**
 * Finds a cycle of segments referring to each other. With `startId`, only a cycle through that
 * segment (the one being saved) is looked for. Returns the path with the first id repeated at the end
 * (`[a, b, a]`; a segment referring to itself gives `[a, a]`), or null when there is none.
 */
export function findSegmentCycle(graph: SegmentDependencyGraph, startId?: string): string[] | null {
  const starts = startId !== undefined ? [startId] : [...graph.keys()];
  const done = new Set<string>();
  for (const start of starts) {
    if (done.has(start)) continue;
    // Iterative depth-first search: "path" is the chain being explored, so reaching a segment that is
    // on it closes a cycle.
    const path: string[] = [];
    const onPath = new Set<string>();
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    path.push(start);
    onPath.add(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const deps = graph.get(top.id) ?? [];
      if (top.next >= deps.length) {
        stack.pop();
        path.pop();
        onPath.delete(top.id);
        done.add(top.id);
        continue;
      }
      const dep = deps[top.next++];
      if (onPath.has(dep)) {
        if (startId === undefined || dep === startId) return [...path.slice(path.indexOf(dep)), dep];
        continue;
      }
      if (done.has(dep)) continue;
      stack.push({ id: dep, next: 0 });
      path.push(dep);
      onPath.add(dep);
    }
  }
  return null;
}
