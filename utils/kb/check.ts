/**
 * Editorial checks over a compiled knowledge base: things that compile but would make a
 * card wrong or a mark misleading. Run by `npm run kb:check` and by the unit tests.
 */
import type { CompiledKb, Problem } from './compile';
import { foldString } from '../match/chars';

/** Offices held by many people at once: their holders may overlap. */
const PLURAL_OFFICE = /^(member|senator|deputy|associate|parliamentary secretary|minister of state|secretary of state \(|spokesperson|judge|commissioner\b(?! of the)|justice)/i;

function overlaps(a: { from?: string; to?: string }, b: { from?: string; to?: string }): boolean {
  if (!a.from || !b.from) return false; // undated roles cannot be checked
  const aEnd = a.to ?? '9999';
  const bEnd = b.to ?? '9999';
  // Hand-overs on the same day are not overlaps.
  return a.from < bEnd && b.from < aEnd;
}

export function editorialChecks(kb: CompiledKb): Problem[] {
  const problems: Problem[] = [];
  const cards = Object.values(kb.cards);
  const aliasesOf = new Map<string, Set<string>>();
  kb.index.aliases.forEach(([text, , targets]) => {
    for (const t of targets) {
      const id = kb.index.ids[t >> 2]!;
      let set = aliasesOf.get(id);
      if (!set) aliasesOf.set(id, (set = new Set()));
      set.add(foldString(text).trim());
    }
  });

  const offices = new Map<string, { id: string; from?: string; to?: string }[]>();
  for (const card of cards) {
    const file = card.kind === 'country' ? 'kb/countries.yml' : 'kb/actors';
    for (const lang of ['en', 'fr'] as const) {
      const d = card.description[lang].trim();
      if (!d) problems.push({ file, id: card.id, message: `description.${lang} is empty` });
      else if (aliasesOf.get(card.id)?.has(foldString(d).replace(/\.$/, ''))) {
        problems.push({ file, id: card.id, message: `description.${lang} only repeats a name` });
      }
      if (d.length > 420) problems.push({ file, id: card.id, message: `description.${lang} is longer than a card can show (${d.length} > 420 characters)` });
    }
    if (card.kind === 'country' && !card.name.fr.trim()) problems.push({ file, id: card.id, message: 'no French name' });
    for (const role of card.roles) {
      if (!role.ofId || PLURAL_OFFICE.test(role.title.en)) continue;
      const key = `${role.title.en.toLowerCase()}|${role.ofId}`;
      const list = offices.get(key) ?? [];
      for (const other of list) {
        if (other.id !== card.id && overlaps(role, other)) {
          problems.push({
            file: 'kb/actors',
            id: card.id,
            message: `"${role.title.en}" (${role.ofId}) ${role.from}–${role.to ?? 'now'} overlaps ${other.id} ${other.from}–${other.to ?? 'now'}`,
          });
        }
      }
      list.push({ id: card.id, from: role.from, to: role.to });
      offices.set(key, list);
    }
  }
  return problems;
}
