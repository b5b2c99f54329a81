/**
 * Which roles did someone hold on a given day? Dates in the knowledge base may be partial
 * (YYYY or YYYY-MM): a partial start counts from its first day, a partial end to its last,
 * so "2021–2023" covers every day of both years.
 */
import type { CardRole } from './types';

function startOf(d: string): string {
  return d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d;
}

function endOf(d: string): string {
  return d.length === 4 ? `${d}-12-31` : d.length === 7 ? `${d}-31` : d;
}

/** True when the role was held on `date` (YYYY-MM-DD). Undated starts count as "always". */
export function heldOn(role: CardRole, date: string): boolean {
  if (role.from && startOf(role.from) > date) return false;
  if (role.to && endOf(role.to) < date) return false;
  return true;
}

export function rolesOn(roles: readonly CardRole[], date: string): CardRole[] {
  return roles.filter((r) => heldOn(r, date));
}

/** Roles still held (no end date), as of the date the facts were checked. */
export function currentRoles(roles: readonly CardRole[]): CardRole[] {
  return roles.filter((r) => !r.to);
}

/** The most recent past role, for someone who holds none now. */
export function lastRole(roles: readonly CardRole[]): CardRole | undefined {
  return [...roles].filter((r) => r.to).sort((a, b) => (endOf(b.to!) > endOf(a.to!) ? 1 : -1))[0];
}

function sameRoles(a: CardRole[], b: CardRole[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}

export interface RoleView {
  /** Roles at the article's date, when the page states one and they differ from the current ones. */
  then?: CardRole[];
  /** Roles held as of the date the facts were checked. */
  now: CardRole[];
  /** The last role, when none is held now. */
  former?: CardRole;
}

/**
 * What a card shows: the role at the article's date beside the current one. When the
 * article is newer than our facts, only the current roles are shown (we cannot know).
 */
export function roleView(roles: readonly CardRole[], checked: string, articleDate?: string): RoleView {
  const now = currentRoles(roles);
  const view: RoleView = { now };
  if (articleDate && (!checked || articleDate <= endOf(checked))) {
    const then = rolesOn(roles, articleDate);
    if (then.length && !sameRoles(then, now)) view.then = then;
  }
  if (!now.length) view.former = lastRole(roles);
  return view;
}
