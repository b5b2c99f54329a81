import { describe, expect, it } from 'vitest';
import { heldOn, roleView } from '../../utils/kb/roles';
import type { CardRole } from '../../utils/kb/types';

const t = (en: string) => ({ en, fr: en });
const foreign: CardRole = { title: t('Minister of Foreign Affairs'), from: '2021-10-26', to: '2025-05-13' };
const industry: CardRole = { title: t('Minister of Industry'), from: '2025-05-13' };
const mp: CardRole = { title: t('Member of Parliament'), from: '2015' };

describe('roles', () => {
  it('reads partial dates generously', () => {
    expect(heldOn({ title: t('x'), from: '2021', to: '2023' }, '2021-01-01')).toBe(true);
    expect(heldOn({ title: t('x'), from: '2021', to: '2023' }, '2023-12-31')).toBe(true);
    expect(heldOn({ title: t('x'), from: '2021-05', to: '2023' }, '2021-04-30')).toBe(false);
  });

  it('shows the role at the article date beside the current one', () => {
    const v = roleView([foreign, industry, mp], '2025-06-01', '2022-11-15');
    expect(v.then).toEqual([foreign, mp]);
    expect(v.now).toEqual([industry, mp]);
  });

  it('shows only the current roles when the article is newer than our facts or undated', () => {
    expect(roleView([foreign, industry], '2025-06-01', '2026-03-01').then).toBeUndefined();
    expect(roleView([foreign, industry], '2025-06-01').then).toBeUndefined();
  });

  it('shows the last role of someone who holds none now', () => {
    const v = roleView([foreign], '2025-06-01');
    expect(v.now).toEqual([]);
    expect(v.former).toBe(foreign);
  });
});
