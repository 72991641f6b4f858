import { COLUMNS, PostRow } from "./PostRow";
import type { Post } from "./posts";

interface Props {
  posts: Post[];
  creatorName: (id: string) => string;
  editable: boolean;
  onChange: (p: Post) => void;
}

/** PostTable lists the campaign's tracked posts with their latest figures; on a phone each row reads as a card. */
export function PostTable({ posts, creatorName, editable, onChange }: Props) {
  return (
    <div class="table-wrap">
      <table class="table table--cards posts">
        <caption class="visually-hidden">Tracked posts</caption>
        <thead>
          <tr>
            {COLUMNS.map((c, i) => (
              <th key={c} scope="col" class={i >= 1 && i <= 5 ? "num" : undefined}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {posts.map((p) => (
            <PostRow key={`${p.creatorId}/${p.id}`} post={p} creatorName={creatorName(p.creatorId)} editable={editable} onChange={onChange} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
