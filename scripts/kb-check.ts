/**
 * `npm run kb:check`: compiles the knowledge base and runs the editorial checks; exits
 * non-zero on any problem, listing each with its file and id. `--table` also prints a
 * Markdown table of entities per kind and language.
 */
import { compileFromDisk } from './kb/load-sources';
import { KbError, formatProblem, type CompiledKb } from '../utils/kb/compile';
import { editorialChecks } from '../utils/kb/check';

/** Entities per kind and per language, and what their cards carry (for notes and the README). */
function kindTable(kb: CompiledKb): string[] {
  const rows = new Map<string, { n: number; frName: number; frDesc: number; roles: number; wpEn: number; wpFr: number; wd: number }>();
  for (const c of Object.values(kb.cards)) {
    const r = rows.get(c.kind) ?? { n: 0, frName: 0, frDesc: 0, roles: 0, wpEn: 0, wpFr: 0, wd: 0 };
    r.n++;
    if (c.name.fr !== c.name.en) r.frName++;
    if (c.description.fr && c.description.fr !== c.description.en) r.frDesc++;
    if (c.roles.length) r.roles++;
    if (c.links.wikipedia_en) r.wpEn++;
    if (c.links.wikipedia_fr) r.wpFr++;
    if (c.links.wikidata) r.wd++;
    rows.set(c.kind, r);
  }
  const out = [
    '| kind | entities | English aliases | French aliases | French name differs | French description | with dated roles | Wikipedia en | Wikipedia fr | Wikidata id |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const total = { n: 0, en: 0, fr: 0, frName: 0, frDesc: 0, roles: 0, wpEn: 0, wpFr: 0, wd: 0 };
  for (const [kind, r] of [...rows].sort((a, b) => b[1].n - a[1].n)) {
    const a = kb.stats.aliasesByKind[kind] ?? { en: 0, fr: 0 };
    out.push(`| ${kind} | ${r.n} | ${a.en} | ${a.fr} | ${r.frName} | ${r.frDesc} | ${r.roles} | ${r.wpEn} | ${r.wpFr} | ${r.wd} |`);
    total.n += r.n; total.en += a.en; total.fr += a.fr; total.frName += r.frName; total.frDesc += r.frDesc;
    total.roles += r.roles; total.wpEn += r.wpEn; total.wpFr += r.wpFr; total.wd += r.wd;
  }
  out.push(`| **all** | ${total.n} | ${total.en} | ${total.fr} | ${total.frName} | ${total.frDesc} | ${total.roles} | ${total.wpEn} | ${total.wpFr} | ${total.wd} |`);
  return out;
}

try {
  // --only kb/actors/x.yml [...]: check those actor files alone (with the countries).
  const at = process.argv.indexOf('--only');
  const only = at >= 0 ? process.argv.slice(at + 1) : undefined;
  const kb = compileFromDisk(process.cwd(), only);
  const problems = [...kb.warnings, ...editorialChecks(kb)];
  const { stats } = kb;
  console.log(`${stats.entities} entities, ${stats.aliases} aliases (en ${stats.aliasesByLang.en}, fr ${stats.aliasesByLang.fr})`);
  console.log(Object.entries(stats.byKind).map(([k, n]) => `${k} ${n}`).join(', '));
  if (process.argv.includes('--table')) console.log('\n' + kindTable(kb).join('\n') + '\n');
  if (problems.length) {
    console.error(`\n${problems.length} problem(s):\n` + problems.map(formatProblem).join('\n'));
    process.exit(1);
  }
  console.log('kb: ok');
} catch (err) {
  if (err instanceof KbError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
