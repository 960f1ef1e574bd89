// SPDX-License-Identifier: MIT
export function Comment({ body }) {
  return <div dangerouslySetInnerHTML={{ __html: "<br>" }}>{body}</div>;
}
