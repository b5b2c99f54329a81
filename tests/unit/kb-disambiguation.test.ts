/**
 * The hard cases of the shipped knowledge base: one surname for two people, an acronym
 * that is also a word, a place that is also a person's name, a capital that is also a
 * state, one party name in two countries.
 */
import { describe, expect, it } from 'vitest';
import { marks, shippedIndex } from './helpers';

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
    const text = 'Georgia and Canada.';
    const got: string[][] = [];
    new Scanner(index).scan(text, (start, end, aliases, count) => {
      got.push([text.slice(start, end), ...aliases.slice(0, count).map((a) => String(a))]);
    });
    expect(got.map((g) => g[0])).toEqual(['Georgia', 'Canada']);
    expect(got[0]!.length).toBeGreaterThan(2); // the country and the US state
    expect(got[1]!.length).toBe(2); // Canada alone
    expect(m(text)).toEqual(['Georgia=ge', 'Canada=ca']);
  });
});

describe('names of several words', () => {
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
