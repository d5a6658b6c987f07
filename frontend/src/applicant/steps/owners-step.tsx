import { useRef, useState } from "react";
import { GroupError, TextField } from "../../ui/form.tsx";
import { formatNumber } from "../../ui/format.ts";
import { checkOwners, emptyOwner, ownersForm, ownersTotal, type OwnerForm } from "../draft.ts";
import { OWNER_FIELDS } from "../labels.ts";
import { useSubmit } from "../../ui/submit-form.tsx";
import { StepForm } from "./step-form.tsx";
import type { StepProps } from "./types.ts";

const MAX_OWNERS = 20;

export function OwnersStep({ record, save, back }: StepProps) {
  const [owners, setOwners] = useState<OwnerForm[]>(() => ownersForm(record));
  const listRef = useRef<HTMLOListElement>(null);
  const total = ownersTotal(owners);

  const update = (index: number, key: keyof OwnerForm) => (value: string) => setOwners(owners.map((o, i) => (i === index ? { ...o, [key]: value } : o)));
  const add = () => {
    setOwners([...owners, emptyOwner()]);
    // Put the keyboard where the new owner's first field is.
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLInputElement>("li:last-child input")?.focus());
  };
  const remove = (index: number) => setOwners(owners.filter((_, i) => i !== index));

  const step = useSubmit(() => checkOwners(owners), (beneficialOwners) => save({ beneficialOwners }));

  return (
    <StepForm {...step} back={back}>
      <p>
        Everyone who ultimately owns or controls the firm: between 1 and {MAX_OWNERS} people, whose shares add up to at most 100 %. ID numbers are
        personal data and never published.
      </p>
      <GroupError path="beneficialOwners" label="Beneficial owners" />
      <ol className="repeat-list" ref={listRef}>
        {owners.map((owner, i) => (
          <li key={i}>
            <fieldset>
              <legend>Beneficial owner {i + 1}</legend>
              <TextField path={`beneficialOwners.${i}.name`} label={OWNER_FIELDS.name} value={owner.name} onValue={update(i, "name")} autoComplete="off" maxLength={200} />
              <TextField path={`beneficialOwners.${i}.idNumber`} label={OWNER_FIELDS.idNumber} value={owner.idNumber} onValue={update(i, "idNumber")} autoComplete="off" maxLength={200} />
              <TextField
                path={`beneficialOwners.${i}.ownershipPercent`}
                label={OWNER_FIELDS.ownershipPercent}
                inputMode="decimal"
                value={owner.ownershipPercent}
                onValue={update(i, "ownershipPercent")}
                className="short"
              />
              {owners.length > 1 ? (
                <button type="button" className="secondary small" onClick={() => remove(i)}>
                  Remove owner {i + 1}
                </button>
              ) : null}
            </fieldset>
          </li>
        ))}
      </ol>
      <p className={total > 100 ? "field-error" : "hint"} aria-live="polite">
        Ownership adds up to {formatNumber(total)} %{total > 100 ? ", more than 100 %" : ""}.
      </p>
      {owners.length < MAX_OWNERS ? (
        <button type="button" className="secondary" onClick={add}>
          Add another owner
        </button>
      ) : null}
    </StepForm>
  );
}
