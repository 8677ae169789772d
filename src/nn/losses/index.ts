// Loss functions (functional forms); filled in by the losses work.
export {};
