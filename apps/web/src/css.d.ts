/**
 * Stylesheets imported by a view (`import '../campaigns.css'`): Vite bundles them; to TypeScript they are modules with
 * nothing in them.
 */
declare module '*.css';
