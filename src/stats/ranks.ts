// Ranks with ties given their average rank, as every rank test needs them.

export interface Ranked {
  /** The rank of each value, in the order given (1-based; tied values share their average rank). */
  ranks: number[]
  /** The size of each group of tied values (groups of one left out). */
  ties: number[]
}

export function rank(values: readonly number[]): Ranked {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value)
  const ranks = new Array<number>(values.length)
  const ties: number[] = []
  for (let start = 0; start < order.length; ) {
    let end = start
    while (end + 1 < order.length && order[end + 1]?.value === order[start]?.value) end += 1
    const average = (start + end) / 2 + 1
    for (let i = start; i <= end; i += 1) ranks[order[i]?.index ?? 0] = average
    if (end > start) ties.push(end - start + 1)
    start = end + 1
  }
  return { ranks, ties }
}
