/**
 * A closed container is frozen: it never changes again (snapshots share it), so freezing costs
 * nothing in behaviour, makes accidental mutation of shared snapshot data fail loudly, and lets
 * `isCompleteNode` answer for any snapshot node without a side table (a WeakSet of every closed
 * container costs more than the parse itself, mostly in the garbage collector).
 */
export function markComplete(node: object): void {
  Object.freeze(node);
}

/** True when `node` is an object/array from a partial JSON snapshot whose closing bracket has arrived. */
export function isCompleteNode(node: unknown): boolean {
  return typeof node === 'object' && node !== null && Object.isFrozen(node);
}
