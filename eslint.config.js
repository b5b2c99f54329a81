// Lint: typescript-eslint's recommended rules, plus the project's safety rules (no HTML
// sinks: page and knowledge-base text must never be parsed as HTML).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'demo-output/**', 'bench-report/**', 'eval-report/**', 'scripts/tmp/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Build DOM with Preact or textContent; never parse HTML.' },
        { property: 'outerHTML', message: 'Never parse HTML.' },
        { property: 'insertAdjacentHTML', message: 'Never parse HTML.' },
      ],
      'no-restricted-syntax': ['error', { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Never parse HTML.' }],
    },
  },
);
