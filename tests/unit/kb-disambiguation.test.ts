/**
 * The hard cases of the shipped knowledge base: one surname for two people, an acronym
 * that is also a word, a place that is also a person's name, a capital that is also a
 * state, one party name in two countries.
 */
import { describe, expect, it } from 'vitest';
import { marks, shippedIndex, testIndex } from './helpers';

const index = shippedIndex();
const m = (text: string | string[]) => marks(index, text);

describe('shipped knowledge base: hard cases', () => {
  it('gives a shared surname to the person named nearest before it', () => {
    // Tony Blair is not in the knowledge base: his surname must not become Bill Blair's.
    expect(m(['Tony Blair backed the Iraq war.', 'Blair later said so.'])).toEqual(['Iraq=iq']);
    expect(m(['Defence Minister Bill Blair spoke.', 'Blair said Canada would act.'])).toEqual(expect.arrayContaining(['Bill Blair=bill-blair', 'Blair=bill-blair']));
    expect(m(['Lee Jae-myung met Lawrence Wong.', 'Lee said the talks went well.'])).toEqual(expect.arrayContaining(['Lee=lee-jae-myung']));
  });

  it('does not mark a common surname when nobody of that name is on the page', () => {
    expect(m('Blair said the report was late.')).toEqual([]);
    expect(m('Wong said the report was late.')).toEqual([]);
  });

  it('reads an acronym that is also a word only where it is an acronym', () => {
    expect(m('The WHO declared an emergency.')).toEqual(['WHO=world-health-organization']);
    expect(m('WHO WILL PAY FOR DEFENCE?')).toEqual([]);
    expect(m('Let us talk to the US.')).toEqual(['US=us']);
  });

  it('tells Georgia the country from Georgia the US state by the rest of the page', () => {
    expect(m(['Russia keeps troops in two regions of Georgia.', 'Georgia wants to join NATO.'])).toEqual(expect.arrayContaining(['Georgia=ge']));
    expect(m(['Voters in the United States went to the polls.', 'Georgia counted its ballots again.'])).toEqual(expect.arrayContaining(['Georgia=georgia-us-state']));
    expect(m('Georgia said it would stay neutral.')).toEqual(['Georgia=ge']);
  });

  it('reads a capital as its government, but not inside other names', () => {
    expect(m('Washington imposed tariffs.')).toEqual(['Washington=us']);
    expect(m('Washington state voters and George Washington University')).not.toContain('Washington=us');
    expect(m('Victoria Day is a holiday in Victoria, British Columbia.')).toEqual(['Victoria=victoria-british-columbia', 'British Columbia=british-columbia']);
  });

  it('skips a country that is a given name', () => {
    expect(m('Jordan Peterson spoke.')).toEqual([]);
    expect(m('Jordan closed its airspace.')).toEqual(['Jordan=jo']);
    // Georgia is also a US state: the given name holds for the word, whatever it names.
    expect(m("Georgia O'Keeffe painted the desert.")).toEqual([]);
    expect(m(['Voters in the United States went to the polls.', 'Georgia counted its ballots again.'])).toEqual(expect.arrayContaining(['Georgia=georgia-us-state']));
    // A French name that is a French given name.
    expect(m('Dominique Strauss-Kahn a parlé.')).toEqual([]);
    expect(marks(index, 'Dominique Strauss-Kahn a parlé.', { french: true })).toEqual([]);
    expect(marks(index, 'La Dominique a voté.', { french: true })).toEqual(['Dominique=dm']);
  });

  it('does not read a country into the English words and company names its own spellings make', () => {
    expect(m('Hidden Japan: Sado Island, Nara and Kyoto')).toEqual(['Japan=jp']);
    expect(m('Iceland said so.')).toEqual(['Iceland=is']);
    expect(m('Nippon Steel bought U.S. Steel.')).toEqual(['U.S.=us']);
    expect(m('Virginia Commonwealth University and the Commonwealth Bank')).toEqual([]);
    expect(m('The Commonwealth met in Samoa.')).toEqual(['Commonwealth=commonwealth-of-nations', 'Samoa=ws']);
  });

  it('gives "Tories" to the party of the country the page is about', () => {
    expect(m(['Pierre Poilievre campaigned in Ontario.', 'The Tories promised lower taxes.'])).toEqual(expect.arrayContaining(['Tories=conservative-party-of-canada']));
    expect(m(['Keir Starmer spoke in the United Kingdom.', 'Britain went to the polls.', 'The Tories lost seats in London.'])).toEqual(
      expect.arrayContaining(['Tories=conservative-party-uk']),
    );
  });

  it('counts a party adjective once the party is named', () => {
    expect(m(['The Liberals tabled a bill.', 'A Liberal MP objected.'])).toEqual(expect.arrayContaining(['Liberal=liberal-party-of-canada']));
    expect(m('Liberal democracies must respond.')).toEqual([]);
  });

  it('keeps a country inside a possessive name separate from the name', () => {
    expect(m("India's Ministry of External Affairs said")).toEqual(['India=in', 'Ministry of External Affairs=ministry-of-external-affairs-india']);
  });
});

describe('what the scanner hands over per match', () => {
  it('gives each match only its own aliases, after a match with more of them', async () => {
    const { Scanner } = await import('../../utils/match/scan');
    // One name, two aliases (their case rules differ, so they are not merged).
    const company = (id: string, name: string, alias: string, extra = '') => `
- id: ${id}
  kind: company
  name: ${name}
  aliases: { en: [${alias}] }
  description: { en: "A company.", fr: "Une entreprise." }
  checked: 2025-06-01
${extra}`;
    const small = testIndex({
      countries: ['ca'],
      actors: company('apex-group', 'Apex Group', 'Apex', '  default: true') + company('apex-fund', 'Apex Fund', '{ text: Apex, case: any }'),
    });
    const text = 'Apex and Canada.';
    const got: string[][] = [];
    new Scanner(small).scan(text, (start, end, aliases, count) => {
      got.push([text.slice(start, end), ...aliases.slice(0, count).map((a) => String(a))]);
    });
    expect(got.map((g) => g[0])).toEqual(['Apex', 'Canada']);
    expect(got[0]!.length).toBe(3); // both aliases of "Apex"
    expect(got[1]!.length).toBe(2); // Canada alone
    expect(marks(small, text)).toEqual(['Apex=apex-group', 'Canada=ca']);
  });
});

describe('names of several words', () => {
  it('ends a name at a possessive, unless the name is written with one', () => {
    expect(m("Canada's Border Services Agency said.")).toEqual(['Canada=ca']);
    expect(m("Tourists filled New York's Times Square.")).toEqual([]);
    expect(m('The New York Times said.')).toEqual(['New York Times=the-new-york-times']);
    expect(m("China's People's Liberation Army")).toEqual(['China=cn', "People's Liberation Army=peoples-liberation-army"]);
    expect(m('The People’s Republic of China said.')).toEqual(['People’s Republic of China=cn']);
  });

  it('continues a name across spaces, dashes, a comma, and words in lower case', () => {
    expect(m('Officials in Washington, D.C. said so.')).toEqual(['Washington, D.C.=us']);
    expect(m('The Canada Border Services Agency said.')).toEqual(['Canada Border Services Agency=cbsa']);
    expect(m('The Canada border services agency said.')).toEqual(['Canada border services agency=cbsa']);
    expect(m('Canada—Border Services Agency')).toEqual(['Canada—Border Services Agency=cbsa']);
    expect(m('New Zealand and New Delhi and New York')).toEqual(['New Zealand=nz', 'New Delhi=in']);
  });

  it('stops a name where punctuation ends the phrase', () => {
    expect(m('Canada. Border Services Agency')).toEqual(['Canada=ca']);
    expect(m('Canada: Border Services Agency')).toEqual(['Canada=ca']);
  });
});
