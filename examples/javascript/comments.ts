// SPDX-License-Identifier: MIT
// Example for `aurelis analyze`: rendering user comments safely (text nodes, no HTML
// strings, parameterised queries).
interface Comment {
  author: string;
  body: string;
}

export function renderComments(list: HTMLElement, comments: Comment[]): void {
  for (const c of comments) {
    const item = document.createElement("li");
    const who = document.createElement("strong");
    who.textContent = c.author;
    item.append(who, document.createTextNode(`: ${c.body}`));
    list.appendChild(item);
  }
}

export async function loadComments(db: { query: Function }, postId: number): Promise<Comment[]> {
  return db.query("SELECT author, body FROM comments WHERE post_id = ?", [postId]);
}
