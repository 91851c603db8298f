/**
 * Password hashing with bcrypt (the native `bcrypt` package: the hash runs on libuv's thread pool, so
 * twenty logins at once never hold up the event loop that serves calls; same hash format as before).
 */
import bcrypt from 'bcrypt';

const ROUNDS = 10;

export const hashPassword = (password: string): Promise<string> => bcrypt.hash(password, ROUNDS);
export const verifyPassword = (password: string, hash: string): Promise<boolean> => bcrypt.compare(password, hash);
