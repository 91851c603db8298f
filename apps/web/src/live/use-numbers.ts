/**
 * The numbers list from `GET /api/numbers`, fetched on mount and again after every change made here (there is no topic
 * for it).
 */
import type { PhoneNumber } from '@livespace/protocol/numbers';
import { numbersApi } from './numbers-api';
import { useFetchedList, type FetchedList } from './use-fetched-list';

/** Sorted by number. */
export type NumbersState = FetchedList<PhoneNumber>;

const sortedNumbers = async () => (await numbersApi.list()).sort((a, b) => a.number.localeCompare(b.number));

export function useNumbers(enabled: boolean): NumbersState {
  return useFetchedList(enabled, sortedNumbers);
}
