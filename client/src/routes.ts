// The screens: path → page. The header's navigation lists them in this order.
import type { Component } from 'svelte';
import Home from './pages/Home.svelte';
import Measures from './pages/Measures.svelte';
import Sources from './pages/Sources.svelte';

export interface Screen {
  path: string;
  title: string;
  page: Component;
}

export const screens: Screen[] = [
  { path: '/', title: 'Overview', page: Home },
  { path: '/sources', title: 'Data sources', page: Sources },
  { path: '/measures', title: 'Measures', page: Measures },
];

export function screenFor(path: string): Screen | undefined {
  const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return screens.find((s) => s.path === normalized);
}
