// Tailwind v4 runs as a single PostCSS plugin; theme tokens live in app/globals.css.
export default {
  plugins: { '@tailwindcss/postcss': {} },
};
