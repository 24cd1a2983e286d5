import { afterEach, vi } from 'vitest';

type Route = () => Promise<Response>;

/** Replaces `fetch` with canned replies by path; any other request fails the test. */
export function stubFetch(routes: Record<string, Route>) {
  const fetchMock = vi.fn((input: RequestInfo | URL, _init?: RequestInit) => {
    const { pathname } = new URL(input instanceof Request ? input.url : input, location.href);
    const route = routes[pathname];
    return route ? route() : Promise.reject(new Error(`unexpected request to ${pathname}`));
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

export const json = (body: unknown, status = 200) => () =>
  Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));

export const html = (body: string, status: number) => () =>
  Promise.resolve(new Response(body, { status, headers: { 'Content-Type': 'text/html' } }));

export const networkError = () => Promise.reject(new TypeError('Failed to fetch'));

export const never = () => new Promise<Response>(() => {});

export function mount<K extends keyof HTMLElementTagNameMap>(tag: K): HTMLElementTagNameMap[K] {
  return document.body.appendChild(document.createElement(tag));
}

afterEach(() => document.body.replaceChildren());
