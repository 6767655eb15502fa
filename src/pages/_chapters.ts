// The chapters: every content/*.mdx, its frontmatter checked at build time. (A leading underscore keeps this
// module out of the routes.)
import type { AstroComponentFactory } from 'astro/runtime/server/index.js';
import type { MarkdownHeading } from 'astro';
import { z } from 'astro/zod';

const frontmatter = z.object({
  title: z.string().min(1),
  description: z.string().min(1),
  /** Position in the course's chapter list. */
  order: z.number().int(),
  /** The simulated distribution the chapter's consoles run on. */
  profile: z.enum(['ubuntu-18.04', 'debian-12']).default('ubuntu-18.04'),
});

export type ChapterMeta = z.infer<typeof frontmatter>;

export interface Chapter extends ChapterMeta {
  slug: string;
  Content: AstroComponentFactory;
  headings: MarkdownHeading[];
}

interface MdxModule {
  default: AstroComponentFactory;
  frontmatter: unknown;
  getHeadings(): MarkdownHeading[];
}

const modules = import.meta.glob<MdxModule>('/content/*.mdx', { eager: true });

export const chapters: Chapter[] = Object.entries(modules)
  .map(([path, mod]) => {
    const slug = path.replace(/^.*\/|\.mdx$/g, '');
    const parsed = frontmatter.safeParse(mod.frontmatter);
    if (!parsed.success) throw new Error(`content/${slug}.mdx: bad frontmatter: ${z.prettifyError(parsed.error)}`);
    return { ...parsed.data, slug, Content: mod.default, headings: mod.getHeadings() };
  })
  .sort((a, b) => a.order - b.order);
