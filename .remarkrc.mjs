// Phần đầu (front matter) của tệp Markdown được kiểm tra theo lược đồ schemas/*.schema.json,
// ngay trong VS Code (phần mở rộng "remark", unifiedjs.vscode-remark) và bằng
// `make editor-tools && tools/remark/node_modules/.bin/remark --frail content`.
// Cần chạy `make editor-tools` một lần để cài các gói vào tools/remark/node_modules.
import { remarkFrontmatter, remarkLintFrontmatterSchema } from './tools/remark/plugins.mjs';

export default {
  plugins: [
    remarkFrontmatter,
    [
      remarkLintFrontmatterSchema,
      {
        schemas: {
          './schemas/exemplar.schema.json': ['./content/exemplars/*.md'],
          './schemas/commendation.schema.json': ['./content/commendations/*.md'],
          './schemas/campaign.schema.json': ['./content/campaigns/*.md'],
          './schemas/story.schema.json': ['./content/stories/*.md'],
        },
      },
    ],
  ],
};
