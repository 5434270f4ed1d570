/**
 * The state of booking an appointment: the services a center offers (those with slot templates),
 * the chosen service, day and time, and sending the booking. A later choice is dropped when an
 * earlier one changes; a slot that filled meanwhile is dropped and the slots read again.
 */
import { useMemo, useState } from 'react';
import { bookingRules } from '../../../../src/domain/appointments.ts';
import { isApiError } from '../../api.ts';
import { useAction, useResource } from '../../shared/resource.ts';
import { appointmentApi, bookableClasses, chinaDay, conflictReason, firstBookableDay, normalised, type Appointment, type SlotDay, type SlotTemplateView, type TicketClass } from './model.ts';

export interface PersonForm {
  name: string;
  idNumber: string;
  phone: string;
}

export function useBooking({ centerId, onCenter, onBooked }: { centerId: string | undefined; onCenter(id: string): void; onBooked(appointment: Appointment): void }) {
  const action = useAction();
  const classes = useResource<TicketClass[]>(centerId ? appointmentApi.classes(centerId) : null);
  const templates = useResource<SlotTemplateView[]>(centerId ? appointmentApi.templates(centerId) : null);
  const offered = useMemo(() => bookableClasses(classes.data ?? [], templates.data ?? []), [classes.data, templates.data]);
  const [pickedClass, setPickedClass] = useState<string | undefined>();
  const classCode = offered.some((c) => c.code === pickedClass) ? pickedClass : offered[0]?.code;
  // The day in China when the page opened: the server counts the horizon from it.
  const [today] = useState(() => chinaDay(new Date()));
  const slots = useResource<{ days: SlotDay[] }>(centerId && classCode ? appointmentApi.slots(centerId, { classCode, from: today, days: bookingRules.daysAhead + 1 }) : null);
  const days = slots.data?.days ?? [];
  const [pickedDay, setPickedDay] = useState<string | undefined>();
  const day = firstBookableDay(days, pickedDay);
  const daySlots = days.find((d) => d.day === day)?.slots ?? [];
  const [slotStart, setSlotStart] = useState<string | undefined>();
  const slot = daySlots.find((s) => s.start === slotStart && s.left > 0);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const chooseCenter = (id: string) => {
    onCenter(id);
    setPickedClass(undefined);
    setPickedDay(undefined);
    setSlotStart(undefined);
    setError(null);
  };

  const chooseClass = (code: string) => {
    setPickedClass(code);
    setPickedDay(undefined);
    setSlotStart(undefined);
    setError(null);
  };

  const chooseDay = (chosen: string) => {
    setPickedDay(chosen);
    setSlotStart(undefined);
  };

  const submit = async (values: PersonForm) => {
    if (!centerId || !classCode || !slot) return;
    setSubmitting(true);
    setError(null);
    try {
      const booked = await action.send<Appointment>(
        'POST',
        appointmentApi.book(centerId),
        { classCode, slotStart: slot.start, name: values.name.trim(), idNumber: normalised(values.idNumber), phone: values.phone.trim() },
        // Booking is done signed out: a 401 is an answer to show, not a reason to go to sign-in.
        { quietUnauthenticated: true },
      );
      void slots.reload();
      onBooked(booked);
    } catch (caught) {
      setError(caught);
      if (isApiError(caught) && conflictReason(caught.details) === 'slot_full') {
        setSlotStart(undefined);
        void slots.reload();
      }
    } finally {
      setSubmitting(false);
    }
  };

  return { classes, templates, offered, classCode, today, slots, days, day, daySlots, slot, submitting, error, chooseCenter, chooseClass, chooseDay, chooseSlot: setSlotStart, submit };
}
