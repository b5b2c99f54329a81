/**
 * The hover card: who or what a mention names, in a few lines. Rendered by Preact into
 * our closed shadow root, so page CSS cannot reach it. All text is either ours (i18n) or
 * knowledge-base data rendered as text nodes, never as HTML.
 */
import type { JSX } from 'preact';
import { roleView } from '../utils/kb/roles';
import { formatMonth } from './card-dates';
import { Flag } from './Flag';
import type { CardData, CardRelation, CardRole, LocalText } from '../utils/kb/types';
import { Via } from '../utils/kb/types';

import type { Lang, Translate } from '../utils/i18n-core';

export type { Lang, Translate };

export interface CardProps {
  /** null while loading; 'error' when it could not be loaded. */
  card: CardData | null | 'error';
  via: number;
  /** The mention as written on the page ("Ottawa", "Joly"). */
  surface: string;
  lang: Lang;
  t: Translate;
  /** YYYY-MM-DD, when the page states when it was published. */
  articleDate?: string;
  onClose: () => void;
}

function local(text: LocalText, lang: Lang): string {
  return text[lang] || text.en;
}

function years(role: CardRole, t: Translate): string {
  const y = (d?: string) => d?.slice(0, 4);
  if (role.from && role.to) return y(role.from) === y(role.to) ? y(role.from)! : `${y(role.from)}–${y(role.to)}`;
  if (role.from) return t('card.since', [formatMonth(role.from, t)]);
  return '';
}

function RoleLine({ role, lang, t }: { role: CardRole; lang: Lang; t: Translate }) {
  const when = years(role, t);
  return (
    <li>
      <span class="role-title">{local(role.title, lang)}</span>
      {role.of && <span class="role-of">, {local(role.of, lang)}</span>}
      {when && <span class="role-when"> · {when}</span>}
    </li>
  );
}

function Roles({ card, lang, t, articleDate }: { card: CardData; lang: Lang; t: Translate; articleDate?: string }) {
  if (!card.roles.length) return null;
  const view = roleView(card.roles, card.checked, articleDate);
  const now = view.now.slice(0, 3);
  return (
    <div class="roles">
      {view.then && (
        <section class="roles-then">
          <h3>{t('card.atTheTime', [formatMonth(articleDate!, t)])}</h3>
          <ul>
            {view.then.slice(0, 3).map((r, i) => (
              <RoleLine key={i} role={r} lang={lang} t={t} />
            ))}
          </ul>
        </section>
      )}
      {now.length > 0 && (
        <section>
          <h3>{card.checked ? t('card.asOf', [formatMonth(card.checked, t)]) : ''}</h3>
          <ul>
            {now.map((r, i) => (
              <RoleLine key={i} role={r} lang={lang} t={t} />
            ))}
          </ul>
        </section>
      )}
      {!now.length && view.former && !view.then && (
        <section>
          <h3>{t('card.formerly')}</h3>
          <ul>
            <RoleLine role={view.former} lang={lang} t={t} />
          </ul>
        </section>
      )}
    </div>
  );
}

const RELATION_KEYS: Record<string, string> = {
  'part-of': 'card.partOf',
  leads: 'card.leads',
  'reports-to': 'card.reportsTo',
  'successor-of': 'card.successorOf',
};

/** The short form of an alliance's name for a chip ("NATO", not "North Atlantic Treaty Organization"). */
function chipName(r: CardRelation, lang: Lang): string {
  return local(r.short, lang);
}

function Links({ card, t }: { card: CardData; t: Translate }) {
  const links: [string, string][] = [];
  if (card.links.wikipedia_en) links.push([t('card.wikipedia') + ' (en)', card.links.wikipedia_en]);
  if (card.links.wikipedia_fr) links.push([t('card.wikipedia') + ' (fr)', card.links.wikipedia_fr]);
  if (card.links.official) links.push([t('card.official'), card.links.official]);
  if (card.links.wikidata) links.push([t('card.wikidata'), `https://www.wikidata.org/wiki/${card.links.wikidata}`]);
  if (!links.length) return null;
  return (
    <nav class="links" aria-label={t('card.links')}>
      {links.map(([label, href]) => (
        <a key={href} href={safeHref(href)} target="_blank" rel="noopener noreferrer">
          {label}
        </a>
      ))}
    </nav>
  );
}

/** Only http(s) links leave our knowledge base; anything else becomes inert. */
function safeHref(href: string): string {
  return /^https?:\/\//i.test(href) ? href : '#';
}

export function Card({ card, via, surface, lang, t, articleDate, onClose }: CardProps): JSX.Element {
  if (card === null || card === 'error') {
    return (
      <div class="card" role="dialog" aria-label={surface} aria-busy={card === null}>
        <p class="status">{card === null ? t('card.loading') : t('card.unavailable')}</p>
      </div>
    );
  }
  const name = local(card.name, lang);
  const kindLabel = t(card.territory ? 'kind.territory' : `kind.${card.kind}`);
  const memberships = card.memberships.filter((m) => !m.to);
  const relations = card.relations.filter((r) => !r.to && RELATION_KEYS[r.type]);
  return (
    <div class="card" role="dialog" aria-label={name} data-kind={card.kind}>
      <header>
        {card.flag && <Flag emoji={card.flag} />}
        <div class="titles">
          <h2 class="name">{name}</h2>
          <span class="kind">{kindLabel}</span>
        </div>
        <button type="button" class="close" aria-label={t('card.close')} title={t('card.close')} onClick={onClose}>
          ×
        </button>
      </header>
      {via === Via.Capital && (
        <p class="via">{card.kind === 'country' ? t('card.capitalOf', [surface, name]) : t('card.metonymOf', [surface, name])}</p>
      )}
      <p class="description">{local(card.description, lang)}</p>
      <Roles card={card} lang={lang} t={t} articleDate={articleDate} />
      {relations.length > 0 && (
        <ul class="relations">
          {relations.slice(0, 3).map((r) => (
            <li key={r.type + r.id}>
              {t(RELATION_KEYS[r.type]!)} {local(r.name, lang)}
            </li>
          ))}
        </ul>
      )}
      {memberships.length > 0 && (
        <div class="chips" aria-label={t('card.members')}>
          <span class="chips-label">{t('card.members')}</span>
          {memberships.map((m) => (
            <span key={m.id} class="chip">
              {chipName(m, lang)}
            </span>
          ))}
        </div>
      )}
      <footer>
        <Links card={card} t={t} />
        <p class="checked">{card.source ? t('card.source', [card.source]) : card.checked ? t('card.checked', [formatMonth(card.checked, t)]) : ''}</p>
      </footer>
    </div>
  );
}
