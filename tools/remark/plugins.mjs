// Plugins for .remarkrc.mjs at the project root, resolved from this folder's node_modules
// (installed by `make editor-tools`, git-ignored).
export { default as remarkFrontmatter } from 'remark-frontmatter';
export { default as remarkLintFrontmatterSchema } from 'remark-lint-frontmatter-schema';
