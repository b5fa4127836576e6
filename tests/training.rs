//! The deterministic trainer: it lowers the loss, repeats itself bit for bit, and its snapshots
//! are exact networks the enumerator accepts.

mod common;

use common::*;
use relupoly::experiment::{loss, train, Optimizer, Task, Training};
use relupoly::network::{BiasInit, BlockKind, RandomSpec, WeightInit};

fn with_output(d: usize, widths: &[usize], seed: u64) -> relupoly::network::Network {
    RandomSpec {
        input_dim: d,
        widths: widths.to_vec(),
        output: Some(1),
        init: WeightInit::HeNormal,
        bias: BiasInit::Pytorch,
        seed,
        bits: None,
        blocks: BlockKind::plain(),
        first_layer_rank: None,
    }
    .generate()
    .unwrap()
}

#[test]
fn training_lowers_the_loss_and_is_deterministic() {
    for (task, optimizer, rate) in [
        (Task::Sphere, Optimizer::Adam, 0.01),
        (Task::Sinusoid, Optimizer::GradientDescent, 0.05),
    ] {
        let training = Training {
            task,
            optimizer,
            rate,
            points: 10,
        };
        let net = with_output(2, &[8, 8], 3);
        let trained = train(&net, &training, 150).unwrap();
        assert!(
            loss(&trained, &training) < loss(&net, &training),
            "{task:?}"
        );
        assert_eq!(
            trained,
            train(&net, &training, 150).unwrap(),
            "same bits twice"
        );
        assert_eq!(
            train(&net, &training, 0).unwrap(),
            net,
            "step 0 is the initialisation"
        );
        // The snapshot is an exact network: its regions partition the box.
        checked_box_regions(&trained);
    }
}

#[test]
fn training_needs_one_output() {
    let training = Training {
        task: Task::Sphere,
        optimizer: Optimizer::Adam,
        rate: 0.01,
        points: 4,
    };
    let net = network(2, &[4], WeightInit::HeNormal, 1);
    assert!(train(&net, &training, 1)
        .unwrap_err()
        .contains("one-unit output layer"));
}
