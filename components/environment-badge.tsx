/** The target environment; production stands out in red because that is where mistakes cost most. */
export function EnvironmentBadge({ environment }: { environment: string }) {
  const production = /^prod(uction)?$/i.test(environment);
  return (
    <span
      className={`inline-flex shrink-0 items-center rounded-md border px-1.5 py-px text-xs font-medium ${
        production ? "border-red-300 bg-red-50 text-red-800" : "border-gray-300 bg-gray-50 text-gray-700"
      }`}
      title={production ? "Production environment" : `Environment: ${environment}`}
    >
      {environment}
    </span>
  );
}
