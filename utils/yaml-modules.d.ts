declare module '*.yml' {
  /** YAML files imported as data (see the yaml plugin in wxt.config.ts and vitest.config.ts). */
  const data: unknown;
  export default data;
}
declare module '*.yml?sections=kind,card,snippet' {
  /** Only these top-level sections of the file (scripts/vite-yaml.ts). */
  const data: unknown;
  export default data;
}
