/** A round initial standing in for a person or agent. Decorative: the name is always written next to it. */
export function Avatar({ name }: { name: string }) {
  const initial = name.trim()[0]?.toUpperCase() ?? "?";
  return (
    <span aria-hidden="true" className="flex size-8 shrink-0 items-center justify-center rounded-full bg-accent-100 text-[13px] font-semibold text-accent-800">
      {initial}
    </span>
  );
}
