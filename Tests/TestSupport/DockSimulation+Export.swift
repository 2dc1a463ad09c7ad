/// The simulated dock lives in the `DockSimulation` library so `dock-sim` shares it; the tests keep reaching it
/// through `TestSupport` as before.
@_exported import DockSimulation
