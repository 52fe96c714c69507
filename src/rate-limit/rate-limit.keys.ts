export const MINUTE_MS = 60_000;
export const AUTH_GROUP = 'auth';
export const API_GROUP = 'api';

/** One counter per group and client IP (not per route), shared by HTTP requests and socket events. */
export const rateKey = (group: string, ip: string): string => `${group}:${ip}`;
