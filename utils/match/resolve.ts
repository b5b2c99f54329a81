/**
 * Decides which entity a match names, using what else the page mentions.
 *
 * Rules (tests: tests/unit/resolve.test.ts):
 * - One entity, a full alias: decided at once.
 * - A short form (a surname alone: "Joly") waits for the end of the pass. It names the
 *   entity whose full name appears nearest before it on the page, else nearest after it;
 *   with no full name on the page, it names the entity only when that entity is marked
 *   distinctive (one distinctive entity, or the default among several). Otherwise it is
 *   not a mention, and it is tried again when more of the page arrives.
 * - A shared alias ("Georgia": the country, the US state) waits too. Each reading scores
 *   one point per supporting entity present on the page (its `context`, relations, roles
 *   and memberships, from the compiler) and two if the entity itself is already
 *   mentioned; the best score wins, ties go to the entity marked default, then to the
 *   first listed.
 */
import { AliasFlag, EntityFlag, Via } from '../kb/types';
import type { AliasIndex } from './alias-index';

export interface Pending {
  seq: number;
  aliases: number[];
}

export class Resolver {
  /** Mentions per entity so far. */
  readonly counts: Int32Array;
  /** Sequence numbers of full-name mentions, for entities that have short forms. */
  private readonly fullSeqs: (number[] | undefined)[];
  private nextSeq = 0;

  constructor(readonly index: AliasIndex) {
    this.counts = new Int32Array(index.entityCount);
    this.fullSeqs = new Array<number[] | undefined>(index.entityCount);
  }

  /** The sequence number the next offered match gets (document order). */
  get seq(): number {
    return this.nextSeq;
  }

  /**
   * Decides a match now when it can: returns its target (entity * 4 + via), or -1 when
   * it must wait for `settle` (then keep `{ seq, aliases }`; `seq` is `this.seq` before
   * the call). The match's aliases are `aliases[0, count)`.
   */
  offer(aliases: readonly number[], count = aliases.length): number {
    const seq = this.nextSeq++;
    const index = this.index;
    let target = -1;
    let entity = -1;
    // Indexed loops: this runs once per match, mostly before the engine has optimised it,
    // where for-of allocated an iterator per loop.
    for (let i = 0; i < count; i++) {
      const a = aliases[i]!;
      if (index.aliasFlags[a]! & AliasFlag.Short) continue;
      for (let k = index.targetStart[a]!; k < index.targetStart[a + 1]!; k++) {
        const t = index.targetList[k]!;
        const e = t >> 2;
        if (entity === -1) {
          entity = e;
          target = t;
        } else if (e !== entity) {
          return -1; // shared by several entities
        }
      }
    }
    if (entity === -1) return -1; // short forms only
    this.record(target, seq);
    return target;
  }

  /** Records a decided mention as context for the ones still waiting. */
  record(target: number, seq: number): void {
    const e = target >> 2;
    this.counts[e]!++;
    if ((target & 3) !== Via.Short && this.index.eflags[e]! & EntityFlag.HasShort) {
      const seqs = (this.fullSeqs[e] ??= []);
      // Kept sorted (settled names arrive out of order) for the binary search below.
      let at = seqs.length;
      while (at > 0 && seqs[at - 1]! > seq) at--;
      // Mostly in order: push (splice allocates the array of what it removed, every time).
      if (at === seqs.length) seqs.push(seq);
      else seqs.splice(at, 0, seq);
    }
  }

  /** Decides a waiting match with the page's context: its target, or -1 (not a mention). */
  settle(p: Pending): number {
    const index = this.index;
    let short = true;
    for (let i = 0; i < p.aliases.length; i++) if (!(index.aliasFlags[p.aliases[i]!]! & AliasFlag.Short)) short = false;
    const target = short ? this.settleShort(p) : this.settleShared(p);
    if (target >= 0) this.record(target, p.seq);
    return target;
  }

  private settleShort(p: Pending): number {
    const index = this.index;
    let best = -1;
    let bestBefore = -Infinity; // seq of the nearest full name before
    let bestAfter = Infinity; // seq of the nearest full name after, when none is before
    const distinctive: number[] = [];
    for (let i = 0; i < p.aliases.length; i++) {
      const a = p.aliases[i]!;
      for (let k = index.targetStart[a]!; k < index.targetStart[a + 1]!; k++) {
        const e = index.targetList[k]! >> 2;
        const seqs = this.fullSeqs[e];
        if (seqs) {
          // First full name after p.seq; the one before it is the nearest before.
          let lo = 0;
          let hi = seqs.length;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (seqs[mid]! <= p.seq) lo = mid + 1;
            else hi = mid;
          }
          const before = lo > 0 ? seqs[lo - 1]! : -Infinity;
          const after = lo < seqs.length ? seqs[lo]! : Infinity;
          const better = before > bestBefore || (before === -Infinity && bestBefore === -Infinity && after < bestAfter);
          if (better) {
            best = e;
            bestBefore = before;
            bestAfter = after;
          }
        }
        if (index.eflags[e]! & EntityFlag.Distinctive && !distinctive.includes(e)) distinctive.push(e);
      }
    }
    if (best < 0) {
      if (distinctive.length === 1) best = distinctive[0]!;
      else best = distinctive.find((e) => index.eflags[e]! & EntityFlag.Default) ?? -1;
    }
    return best < 0 ? -1 : best * 4 + Via.Short;
  }

  private settleShared(p: Pending): number {
    const index = this.index;
    let best = -1;
    let bestScore = -1;
    let bestDefault = false;
    for (let i = 0; i < p.aliases.length; i++) {
      const a = p.aliases[i]!;
      if (index.aliasFlags[a]! & AliasFlag.Short) continue;
      for (let k = index.targetStart[a]!; k < index.targetStart[a + 1]!; k++) {
        const t = index.targetList[k]!;
        const e = t >> 2;
        let score = this.counts[e]! > 0 ? 2 : 0;
        const ctx = index.context[e];
        if (ctx) for (let c = 0; c < ctx.length; c++) if (this.counts[ctx[c]!]! > 0) score++;
        const isDefault = (index.eflags[e]! & EntityFlag.Default) !== 0;
        if (score > bestScore || (score === bestScore && isDefault && !bestDefault)) {
          best = t;
          bestScore = score;
          bestDefault = isDefault;
        }
      }
    }
    return best;
  }
}
